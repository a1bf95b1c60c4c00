/**
 * The lease scripts, each run atomically by Redis. A bench key holds "TOKEN|HOLDER" with a TTL;
 * TOKEN comes from one INCR counter, so tokens only grow. Every operation is appended to the
 * lease log stream (its entry id is the server's clock), so lease intervals can be checked later.
 */

/**
 * Lua: release the bench keys KEYS[first..] that still hold ARGV[1] ("TOKEN|HOLDER") into
 * `released`, and log the release (token ARGV[2], holder ARGV[3], benches ARGV[4], then `extra`).
 */
function releaseBenches(first: number, extra: string): string {
  return `local released = 0
for i = ${first}, #KEYS do
  if redis.call('GET', KEYS[i]) == ARGV[1] then
    redis.call('DEL', KEYS[i])
    released = released + 1
  end
end
if released > 0 then
  redis.call('XADD', KEYS[1], 'MAXLEN', '~', 100000, '*', 'op', 'release', 'token', ARGV[2], 'holder', ARGV[3], 'benches', ARGV[4]${extra})
end`;
}

/**
 * Acquire every bench or none. KEYS: fence, log, queue, running, bench keys...
 * ARGV: holder, ttl ms, bench names (comma-separated), job JSON ('' = a bare lease), job id.
 * Returns the token; 0 when a bench is held; -1 when the job is no longer queued.
 */
export const ACQUIRE = `
for i = 5, #KEYS do
  if redis.call('EXISTS', KEYS[i]) == 1 then return 0 end
end
if ARGV[4] ~= '' and redis.call('LREM', KEYS[3], 1, ARGV[4]) == 0 then return -1 end
local token = redis.call('INCR', KEYS[1])
local value = token .. '|' .. ARGV[1]
for i = 5, #KEYS do redis.call('SET', KEYS[i], value, 'PX', ARGV[2]) end
if ARGV[4] ~= '' then
  redis.call('HSET', KEYS[4], ARGV[5], cjson.encode({job = ARGV[4], holder = ARGV[1], token = token}))
end
redis.call('XADD', KEYS[2], 'MAXLEN', '~', 100000, '*', 'op', 'acquire', 'token', token, 'holder', ARGV[1], 'benches', ARGV[3], 'ttl', ARGV[2])
return token
`;

/** Whether every bench still holds this lease. KEYS: bench keys. ARGV: "TOKEN|HOLDER". Returns 1 or 0. */
export const CHECK = `
for i = 1, #KEYS do
  if redis.call('GET', KEYS[i]) ~= ARGV[1] then return 0 end
end
return 1
`;

/**
 * Extend the lease if it is still ours on every bench (else change nothing). KEYS: log, bench keys...
 * ARGV: "TOKEN|HOLDER", ttl ms, token, holder, bench names. Returns 1 renewed, 0 lost.
 */
export const RENEW = `
for i = 2, #KEYS do
  if redis.call('GET', KEYS[i]) ~= ARGV[1] then return 0 end
end
for i = 2, #KEYS do redis.call('PEXPIRE', KEYS[i], ARGV[2]) end
redis.call('XADD', KEYS[1], 'MAXLEN', '~', 100000, '*', 'op', 'renew', 'token', ARGV[3], 'holder', ARGV[4], 'benches', ARGV[5], 'ttl', ARGV[2])
return 1
`;

/**
 * Record the job's result if the job still runs under this token, then release the benches that
 * still hold it. KEYS: log, running, results, bench keys... ARGV: "TOKEN|HOLDER", token, holder,
 * bench names, job id ('' = a bare lease), result JSON. Returns {recorded 0/1, benches released}.
 */
export const FINISH = `
local recorded = 0
if ARGV[5] ~= '' then
  local entry = redis.call('HGET', KEYS[2], ARGV[5])
  if entry and tostring(cjson.decode(entry).token) == ARGV[2] then
    redis.call('HSET', KEYS[3], ARGV[5], ARGV[6])
    redis.call('HDEL', KEYS[2], ARGV[5])
    recorded = 1
  end
end
${releaseBenches(4, '')}
return {recorded, released}
`;

/**
 * Jobs whose lease expired without a result (their worker died or was cut off): queued again with
 * attempt + 1 while attempt < ARGV[3], else given an infra-error result naming the worker(s).
 * KEYS: running, queue, log. ARGV: bench key prefix, results key prefix, reruns allowed.
 * Bench and result keys are built here (a standalone server: the pool is not a Redis Cluster).
 * Returns the number of jobs reaped.
 */
export const REAP = `
local reaped = 0
local entries = redis.call('HGETALL', KEYS[1])
for i = 1, #entries, 2 do
  local id, entry = entries[i], cjson.decode(entries[i + 1])
  local job = cjson.decode(entry.job)
  local value = entry.token .. '|' .. entry.holder
  local alive = true
  for _, b in ipairs(job.benches) do
    if redis.call('GET', ARGV[1] .. b) ~= value then alive = false end
  end
  if not alive then
    redis.call('HDEL', KEYS[1], id)
    local died = job.diedOn or {}
    table.insert(died, entry.holder)
    job.diedOn = died
    redis.call('XADD', KEYS[3], 'MAXLEN', '~', 100000, '*', 'op', 'expire', 'token', entry.token, 'holder', entry.holder, 'benches', table.concat(job.benches, ','))
    if job.attempt < tonumber(ARGV[3]) then
      job.attempt = job.attempt + 1
      redis.call('RPUSH', KEYS[2], cjson.encode(job))
    else
      local reason = 'its worker died or was cut off (lease expired without a result) on ' .. table.concat(died, ', then on ')
      redis.call('HSET', ARGV[2] .. job.runId, id, cjson.encode({lost = reason}))
    end
    reaped = reaped + 1
  end
end
return reaped
`;

/**
 * Take the first queued job (up to ARGV[4] entries from the head) that has a binding whose benches
 * this holder may lease and none of which is held, and lease them all: the queue's order is kept,
 * but a job on a busy bench never holds up one behind it on a free bench. A fixed job has one
 * binding (its `benches`); a job with `alternatives` (run --any-bench: a field of the alternatives
 * hash) gets the first alternative that is free, stored as its `binding` and `benches` in the
 * running entry and the returned text (its alternatives kept, for a re-run). Malformed entries are
 * left for the run. KEYS: fence, log, queue, running, alternatives. ARGV: holder, ttl ms, bench key
 * prefix, entries to scan, benches this holder may lease (comma-separated; '' = any).
 * Returns {token, job JSON} or {0, ''}.
 */
export const TAKE = `
local allowed, left = nil, -1
if ARGV[5] ~= '' then
  allowed, left = {}, 0
  for b in string.gmatch(ARGV[5], '[^,]+') do allowed[b] = true; left = left + 1 end
end
local busy = {}
-- Whether every bench of names is allowed and free (a held one is remembered as busy).
local function free(names)
  if #names == 0 then return false end
  for _, b in ipairs(names) do
    if type(b) ~= 'string' or busy[b] or (allowed and not allowed[b]) then return false end
    if redis.call('EXISTS', ARGV[3] .. b) == 1 then
      busy[b] = true
      left = left - 1
      return false
    end
  end
  return true
end
-- Alternatives already found with none free: not free for the jobs behind that share them either
-- (nothing is released during this script).
local tried = {}
-- The first free alternative of the hash's field ref, or nil.
local function alternative(ref)
  if tried[ref] then return nil end
  local text = redis.call('HGET', KEYS[5], ref)
  local ok, alts = false, nil
  if text then ok, alts = pcall(cjson.decode, text) end
  if ok and type(alts) == 'table' then
    for _, alt in ipairs(alts) do
      if type(alt) == 'table' and type(alt.binding) == 'string' and type(alt.benches) == 'table' and free(alt.benches) then return alt end
    end
  end
  tried[ref] = true
  return nil
end
-- The job's id, its text as taken and the benches to lease, or nil.
local function pick(text)
  local ref = string.match(text, '"alternatives":"([^"]*)"')
  if ref then
    local alt = alternative(ref)
    if not alt then return nil end
    local ok, job = pcall(cjson.decode, text)
    if not ok or type(job) ~= 'table' or type(job.id) ~= 'string' then return nil end
    job.binding, job.benches = alt.binding, alt.benches
    return job.id, cjson.encode(job), alt.benches
  end
  -- The bench names are read without decoding the whole job: most entries wait on a busy bench.
  local list = string.match(text, '"benches":%\[([^%\]]*)%\]')
  local names = {}
  if list then for b in string.gmatch(list, '"([^"]+)"') do table.insert(names, b) end end
  if not free(names) then return nil end
  local ok, job = pcall(cjson.decode, text)
  if ok and type(job) == 'table' and type(job.id) == 'string' then return job.id, text, names end
  return nil
end
-- Read in chunks: the job taken is most often near the head, and a long queue is not copied whole.
local scan, chunk = tonumber(ARGV[4]), 64
for first = 0, scan - 1, chunk do
  local texts = redis.call('LRANGE', KEYS[3], first, math.min(first + chunk, scan) - 1)
  for _, text in ipairs(texts) do
    local id, taken, names = pick(text)
    if id then
      redis.call('LREM', KEYS[3], 1, text)
      local token = redis.call('INCR', KEYS[1])
      local value = token .. '|' .. ARGV[1]
      for _, b in ipairs(names) do redis.call('SET', ARGV[3] .. b, value, 'PX', ARGV[2]) end
      redis.call('HSET', KEYS[4], id, cjson.encode({job = taken, holder = ARGV[1], token = token}))
      redis.call('XADD', KEYS[2], 'MAXLEN', '~', 100000, '*', 'op', 'acquire', 'token', token, 'holder', ARGV[1], 'benches', table.concat(names, ','), 'ttl', ARGV[2])
      return {token, taken}
    end
    -- Every bench it may lease is busy: nothing further down can be taken.
    if left == 0 then return {0, ''} end
  end
  if #texts < chunk then break end
end
return {0, ''}
`;

/**
 * Give a job back at once (its worker was stopped mid-testcase, or cannot run it), if it still runs
 * under this lease: queued again at the head with attempt + 1 while attempt < ARGV[7] (ARGV[8] = '0':
 * as it was, at the tail), else given an infra-error result with the reason; then release the
 * benches still ours. KEYS: log, running, queue, results, bench keys... ARGV: "TOKEN|HOLDER", token,
 * holder, bench names, job id, reason, reruns allowed, count the attempt (1/0).
 * Returns 'requeued', 'lost' (the reason recorded) or 'gone' (no longer ours).
 */
export const HAND_BACK = `
local outcome = 'gone'
local entry = redis.call('HGET', KEYS[2], ARGV[5])
if entry and tostring(cjson.decode(entry).token) == ARGV[2] then
  redis.call('HDEL', KEYS[2], ARGV[5])
  local text = cjson.decode(entry).job
  local job = cjson.decode(text)
  if ARGV[8] == '0' then
    redis.call('RPUSH', KEYS[3], text)
    outcome = 'requeued'
  elseif job.attempt < tonumber(ARGV[7]) then
    local died = job.diedOn or {}
    table.insert(died, ARGV[3])
    job.diedOn = died
    job.attempt = job.attempt + 1
    redis.call('LPUSH', KEYS[3], cjson.encode(job))
    outcome = 'requeued'
  else
    redis.call('HSET', KEYS[4], ARGV[5], cjson.encode({lost = ARGV[6]}))
    outcome = 'lost'
  end
end
${releaseBenches(5, ", 'handback', outcome")}
return outcome
`;
