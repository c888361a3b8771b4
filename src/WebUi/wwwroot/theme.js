// Applied before the first paint, so a dark-theme user never sees a white flash: the stored choice, else the system's.
(function () {
  var stored = localStorage.getItem('observatory.theme');
  var dark = stored ? stored === 'dark' : window.matchMedia('(prefers-color-scheme: dark)').matches;
  document.documentElement.dataset.theme = dark ? 'dark' : 'light';
})();
