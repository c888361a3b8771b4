// Hash routes: #/page/id?params. The server serves one page at /, so deep links need no server fallback.

/** The current route: #/trace/abc?x=1 gives { page: 'trace', id: 'abc', params: URLSearchParams }. */
export function currentRoute() {
  const [path, search = ''] = location.hash.replace(/^#\/?/, '').split('?');
  const [page, ...rest] = path.split('/');
  return { page: page || 'traces', id: rest.length ? decodeURIComponent(rest.join('/')) : null, params: new URLSearchParams(search) };
}

/** Replaces the route's query without a new history entry (filters typed into a form). */
export function replaceParams(params) {
  const { page, id } = currentRoute();
  const q = params.toString();
  history.replaceState(null, '', `#/${page}${id ? '/' + encodeURIComponent(id) : ''}${q ? '?' + q : ''}`);
}
