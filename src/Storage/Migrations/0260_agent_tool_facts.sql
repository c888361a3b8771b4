-- Agents, tools and MCP (issue 12): who did what on an agent, workflow, tool or MCP span, read at ingest by Core's
-- AgentToolReader (OTel gen_ai.agent.* / gen_ai.tool.* / mcp.*, and the OpenInference and OpenLLMetry equivalents).
-- Nullable text only: a span that is none of these writes NULLs, which cost the COPY next to nothing.
-- tool_arguments and tool_result are content: NULL when the project does not capture content, redacted like input.
ALTER TABLE spans
    ADD COLUMN agent_id                 text,
    ADD COLUMN agent_name               text,
    ADD COLUMN agent_description        text,
    ADD COLUMN agent_version            text,
    ADD COLUMN workflow_name            text,
    ADD COLUMN tool_name                text,
    ADD COLUMN tool_type                text,
    ADD COLUMN tool_call_id             text,
    ADD COLUMN tool_description         text,
    ADD COLUMN tool_parameters          text,
    ADD COLUMN tool_arguments           text,
    ADD COLUMN tool_result              text,
    ADD COLUMN data_source_id           text,
    ADD COLUMN mcp_method               text,
    ADD COLUMN mcp_protocol_version     text,
    ADD COLUMN mcp_resource_uri         text,
    ADD COLUMN mcp_session_id           text,
    ADD COLUMN jsonrpc_request_id       text,
    ADD COLUMN rpc_response_status_code text;

-- GET /api/v1/agents reads the invoke_agent spans of a window, then walks each one's subtree by the primary key
-- (project_id, trace_id, …). Partial: only agent spans get an entry.
CREATE INDEX IF NOT EXISTS spans_agents_by_time ON spans (project_id, start_time DESC)
    WHERE operation = 'invoke_agent';

-- GET /api/v1/tools reads the tool and MCP spans of a window.
CREATE INDEX IF NOT EXISTS spans_tools_by_time ON spans (project_id, start_time DESC)
    WHERE tool_name IS NOT NULL OR mcp_method IS NOT NULL OR operation = 'execute_tool';
