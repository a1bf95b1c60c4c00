/**
 * The lease scripts, each run atomically by Redis. A bench key holds "TOKEN|HOLDER" with a TTL;
 * TOKEN comes from one INCR counter, so tokens only grow. Every operation is appended to the
 * lease log stream (its entry id is the server's clock), so lease intervals can be checked later.
 */

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
local released = 0
for i = 4, #KEYS do
  if redis.call('GET', KEYS[i]) == ARGV[1] then
    redis.call('DEL', KEYS[i])
    released = released + 1
  end
end
if released > 0 then
  redis.call('XADD', KEYS[1], 'MAXLEN', '~', 100000, '*', 'op', 'release', 'token', ARGV[2], 'holder', ARGV[3], 'benches', ARGV[4])
end
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
