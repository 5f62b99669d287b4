-- wrk script of bench/run.sh's pages block: prints "PAGES p50 p95 p99 (ms) req/s errors
-- timeouts" on one line after the run (wrk --latency prints no p95). No response() hook: it
-- would make wrk read every body in Lua and slow the client down. Status errors are wrk's own
-- count (status > 399); run.sh checks the page answers 200 before.
done = function(summary, latency, requests)
  local rps = summary.requests / (summary.duration / 1e6)
  io.write(string.format("PAGES %.3f %.3f %.3f %.1f %d %d\n",
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    rps, summary.errors.status, summary.errors.timeout))
end
