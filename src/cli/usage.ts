export const MAIN_USAGE = `Usage: importexport-jobs <command> [options]

List the jobs of an AWS Import/Export account.

Commands:
  list    List every job, streamed to stdout (ndjson, json, table or csv)
  export  Write every job to a file that is complete or absent, resumable after a crash
  serve   Run a local emulator of the service, with demo credentials
  demo    List 25,000 jobs from a throttling emulator and report what happened

Options:
  -h, --help     Show help (also: importexport-jobs <command> --help)
  -v, --version  Print the version

Exit status: 0 success, 1 failure, 2 usage error, 130 interrupted (SIGINT),
143 terminated (SIGTERM); serve exits 0 when stopped by SIGINT or SIGTERM.
`;

export const LIST_USAGE = `Usage: importexport-jobs list [options]

Lists every job of the account, newest first, to stdout as they arrive.
AWS_RETRY_MODE=adaptive adds the AWS SDKs' client side rate limiter.

Options:
  --profile NAME          Profile of ~/.aws/config and ~/.aws/credentials
                          (default: $AWS_PROFILE, else "default")
  --endpoint URL          Service endpoint (default: $AWS_ENDPOINT_URL_IMPORTEXPORT,
                          else $AWS_ENDPOINT_URL, else the profile's endpoint_url,
                          else https://importexport.amazonaws.com)
  --format FORMAT         ndjson (default), json, table or csv (RFC 4180, header row)
  --type TYPE             Only jobs of this type: Import or Export
  --canceled              Only canceled jobs
  --active                Only jobs not canceled
  --page-size N           Jobs per request, 1 to 1000 (default: 1000)
  --max-items N           Stop after N jobs (default: all)
  --starting-marker ID    Start after this JobId, e.g. the one a failed run printed
  --after-job ID          Only jobs newer than this JobId (the newest one seen last
                          time): stops there, asking for no page beyond it
  --since TIME            Only jobs created strictly after TIME (ISO 8601 with its
                          zone, e.g. 2024-01-31T00:00:00Z): stops at the first older
  --max-attempts N        Attempts per request, retries included (default:
                          $AWS_MAX_ATTEMPTS, else the profile's max_attempts, else 3)
  --timeout-ms N          Time allowed for one attempt, in ms (default: 30000)
  --debug                 Trace every attempt on stderr (method, URL, status,
                          request id, duration, retry decision; no header, body
                          or secret), and on failure print the stack and causes
  --receipt FILE          Write the listing's receipt (pages, jobs, requests,
                          retries, a digest of the JobIds) to FILE as JSON, also
                          when it fails
  -h, --help              Show this help

Credentials and configuration, as the AWS CLI finds them:
  credentials  AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / AWS_SESSION_TOKEN (not
               read when a profile is named), then SSO, then the profile in
               $AWS_SHARED_CREDENTIALS_FILE and $AWS_CONFIG_FILE (keys, role_arn with
               source_profile, credential_process), web identity
               ($AWS_WEB_IDENTITY_TOKEN_FILE), container credentials
               ($AWS_CONTAINER_CREDENTIALS_FULL_URI / _RELATIVE_URI), then EC2
               instance metadata (IMDSv2; AWS_EC2_METADATA_DISABLED=true turns it off)
  settings     flag, else environment, else profile: endpoint (services section
               too; AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true ignores all but
               --endpoint), AWS_MAX_ATTEMPTS / max_attempts, AWS_RETRY_MODE / retry_mode
  network      HTTPS_PROXY / HTTP_PROXY / NO_PROXY (either case); AWS_CA_BUNDLE and
               NODE_EXTRA_CA_CERTS for a private certificate authority

stdout carries only the jobs. stderr gets a progress line (when it is a terminal
and stdout is redirected) and a one-line summary; on failure, one line with the
error and, when some jobs were written, the --starting-marker to resume from.
A failed json listing is left without its closing bracket, so that it cannot
pass for a complete one; for a file that is complete or absent, use export.
With a filter, the jobs left out still move the --starting-marker forward.
--after-job and --since trust the service's order (newest first) and check it:
a job newer than the one before it fails the listing. The summary says where it
stopped, or that the point was not found and the whole account was listed.

Exit status: 0 success (also when the reader closes the pipe early, as head does),
1 the listing failed, 2 usage error, 130 interrupted (SIGINT), 143 terminated (SIGTERM).
`;

export const EXPORT_USAGE = `Usage: importexport-jobs export --out FILE [options]

Writes every job of the account, newest first, to FILE: complete, or not at all.
Jobs go to FILE.partial, each page flushed to disk (fsync) and recorded in
FILE.checkpoint.json. Killed, out of power or failed, the same command run again
cuts FILE.partial back to the checkpoint and resumes after its last JobId. At the
end FILE.partial is renamed to FILE in one step: an existing FILE is replaced
only then. A rerun with other --format, filter, --starting-marker, --max-items,
--after-job or --since is refused. Run one export per FILE at a time.
Credentials and settings are found as for list (see importexport-jobs list --help).

Options:
  --out FILE              The file to write (needed)
  --format FORMAT         ndjson (default) or csv (RFC 4180, header row)
  --type TYPE             Only jobs of this type: Import or Export
  --canceled              Only canceled jobs
  --active                Only jobs not canceled
  --profile NAME          Profile of ~/.aws/config and ~/.aws/credentials
                          (default: $AWS_PROFILE, else "default")
  --endpoint URL          Service endpoint (default: $AWS_ENDPOINT_URL_IMPORTEXPORT,
                          else $AWS_ENDPOINT_URL, else the profile's endpoint_url,
                          else https://importexport.amazonaws.com)
  --page-size N           Jobs per request (and per checkpoint), 1 to 1000 (default: 1000)
  --max-items N           Stop after N jobs listed, filtered out ones included (default: all)
  --starting-marker ID    Start after this JobId
  --after-job ID          Only jobs newer than this JobId: stops there
  --since TIME            Only jobs created strictly after TIME (ISO 8601 with zone)
  --max-attempts N        Attempts per request, retries included (default:
                          $AWS_MAX_ATTEMPTS, else the profile's max_attempts, else 3)
  --timeout-ms N          Time allowed for one attempt, in ms (default: 30000)
  --debug                 On failure, also print the stack and the cause chain
  --receipt FILE          Write this run's listing receipt to FILE as JSON, also
                          when it fails
  -h, --help              Show this help

stderr gets a progress line (when it is a terminal) and a one-line summary; on
failure, one line with the error and what to do.

Exit status: 0 success, 1 failed (run it again to resume), 2 usage error,
130 interrupted (SIGINT), 143 terminated (SIGTERM).
`;

export const SERVE_USAGE = `Usage: importexport-jobs serve [options]

Serves a local emulator of AWS Import/Export ListJobs until SIGINT or SIGTERM.
The first line on stdout is "endpoint: http://HOST:PORT".

Options:
  --host HOST                Interface to listen on (default: 127.0.0.1)
  --port N                   Port, 0 for a free one (default: 0)
  --jobs N                   Jobs in the account (default: 1000)
  --seed N                   Seed of the generated jobs and faults (default: 1)
  --access-key-id ID         Accepted access key id (with --secret-access-key;
                             default: the public demo credentials, printed on stderr)
  --secret-access-key KEY    Accepted secret access key. A secret on the command
                             line is visible to other local users (ps): use a
                             throwaway one, never a real AWS secret
  --throttle-rate R          Share of requests throttled, 0 to 1 (default: 0)
  --latency-ms N             Delay added to every response, in ms (default: 0)
  --rate-limit N             Throttle by rate as AWS does: N requests per second,
                             bursts of N; over it, Throttling (HTTP 400)
  --clock-offset-ms N        Run the emulator's clock N ms ahead (behind: write
                             --clock-offset-ms=-N), to try clock-skew correction
                             (default: 0)
  --debug                    On failure, also print the stack
  -h, --help                 Show this help
`;

export const DEMO_USAGE = `Usage: importexport-jobs demo [options]

Starts a local emulator holding a realistic account, lists every job through
paginateListJobs (retrying the throttled requests), and reports what happened.

Options:
  --jobs N             Jobs in the account (default: 25000)
  --seed N             Seed of the jobs and of which requests are throttled (default: 1)
  --throttle-rate R    Share of requests throttled, 0 to 1 (default: 0.05)
  --page-size N        Jobs per request, 1 to 1000 (default: 500)
  --debug              On failure, also print the stack
  -h, --help           Show this help
`;
