import { input, system } from './code-kinds.js';
import type { ErrorCodeInfo } from './codes.js';

/** Codes of `skiff server`'s API and its web UI (part of ERROR_CODES). */
export const SERVER_CODES = {
  SKIFF_API_BAD_REQUEST: input(
    'An API request is malformed: bad JSON, an unknown field, a wrong type or a missing required field.',
    'Correct the request as the message says (KFP v2beta1 JSON: snake_case field names, string enums, ids the API returned).',
  ),
  SKIFF_API_NOT_FOUND: input(
    'No API object (pipeline, version, experiment, run, recurring run) or route has this id or path.',
    'List the objects to find the id, or check the path (KFP v2beta1: /apis/v2beta1/...).',
  ),
  SKIFF_API_METHOD_NOT_ALLOWED: input(
    'The path exists, but not for this HTTP method (HTTP 405; the Allow header lists the methods it takes).',
    'Call the path with one of the methods the message and the Allow header name (KFP v2beta1: GET to read, POST to create or act, DELETE to delete).',
  ),
  SKIFF_API_UNSUPPORTED_MEDIA: input(
    'The request body is in a form the API does not read (HTTP 415): not JSON, or compressed (Content-Encoding).',
    'Send the body as uncompressed JSON with `Content-Type: application/json` (a pipeline upload as multipart/form-data).',
  ),
  SKIFF_API_CONFLICT: input(
    'An API object with this name already exists.',
    'Choose another name, or use the existing object.',
  ),
  SKIFF_API_PRECONDITION: input(
    'The object is not in a state that allows this call (e.g. retrying a run that has not finished, or adding a run to an archived experiment).',
    'Wait for the run to finish, unarchive the experiment, or check the state first.',
  ),
  SKIFF_API_BAD_FILTER: input(
    'A list filter is not a valid KFP filter (JSON of predicates) or names an unknown field.',
    'Write filter as JSON, e.g. {"predicates":[{"key":"display_name","operation":"EQUALS","string_value":"x"}]}.',
  ),
  SKIFF_API_BAD_PAGE_TOKEN: input(
    'A page token was not issued by this server for this list, or was changed.',
    'Pass the next_page_token of the previous page unchanged, with the same filter and sort_by.',
  ),
  SKIFF_API_TOO_LARGE: input(
    'An API request body or uploaded pipeline file is larger than the server reads (HTTP 413): 64 MiB for a JSON body, 32 MiB for an uploaded file, or a pipeline spec needs more memory to read than the server gives one (2 GiB).',
    'Send a smaller body; a compiled pipeline is rarely over a few MiB, so check that the file is the pipeline spec and not an archive or data.',
  ),
  SKIFF_ARTIFACT_FORBIDDEN: input(
    'The server does not serve this artifact content: it is outside the directories server.fileRoots allows, or a symbolic link leads out of the artifact (HTTP 403).',
    'Add the directory to server.fileRoots if its files may be served (default: the file:// pipelineRoot and home); a link out of an artifact is never served: copy the file into it instead.',
  ),
  SKIFF_PIPELINE_ROOT_FORBIDDEN: input(
    'A run or recurring run created through the API asks for a file:// pipeline root outside the directories the server lets runs write to (HTTP 400).',
    'Leave runtime_config.pipeline_root out (the configured pipelineRoot is used), choose a root under it, or add the directory to server.pipelineRoots.',
  ),
  SKIFF_API_UNAUTHENTICATED: input(
    'The API call has no valid bearer token while server.authToken is set.',
    'Send the header `Authorization: Bearer <server.authToken>`.',
  ),
  SKIFF_UI_NOT_BUILT: system(
    'This Skiff has no web UI build (dist/ui/index.html is missing), so `skiff server` answers only its API at /.',
    'Run `npm run build` in the Skiff checkout, then restart `skiff server`.',
  ),
  SKIFF_UI_UNREACHABLE: system(
    'The web UI got no answer from `skiff server` (it stopped, or the network between the browser and it is down).',
    'Check that `skiff server` is running and reachable at the address the page came from, then reload.',
  ),
  SKIFF_UI_BAD_ANSWER: system(
    'The web UI got an answer it cannot read (not JSON where JSON was expected), e.g. from a proxy in front of the server.',
    'Open the API path in the browser to see what answers it; make a proxy pass /apis/ to `skiff server` unchanged.',
  ),
  SKIFF_UI_ERROR: system(
    'The web UI failed at something other than an API call (reading the file chosen for an upload, an error in the browser).',
    'Try again; if it persists, reload the page and report it with the browser console output.',
  ),
  SKIFF_UI_NO_PAGE: input(
    'The web UI has no page at this address (#/...).',
    'Open Runs, Pipelines or Experiments and follow a link from there; KFP links (#/runs/details/ID, #/pipelines/details/ID) work as they are.',
  ),
} as const satisfies Record<string, ErrorCodeInfo>;
