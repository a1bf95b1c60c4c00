/**
 * # The IPMI / RMCP+ codec (pure: no sockets, no timers; shared by the client and the BMC side)
 *
 * Every decoder takes a `Buffer`/`Uint8Array` and returns `Decoded<T>` =
 * `{ ok: true, value: T } | { ok: false, error: IpmiDecodeError }` (`where`, `expectation`,
 * `offset`). Decoders never throw on any input (property-tested). Encoders take typed records
 * and return a `Buffer`; out-of-range fields are programming errors (RangeError).
 * Every payload has both directions, so the console side and the BMC side use the same file: the
 * client (drivers/ipmi) and the BMC's handlers (simulators/ipmi) keep no copies of these layouts.
 * Multi-byte fields are little-endian unless noted. Section numbers are IPMI v2.0 rev 1.1.
 *
 * `errors.ts` `IpmiDecodeError` (a plain Error: the codec imports nothing outside itself but node:crypto).
 * `bytes.ts`  `decoding(where, input, fn)`, `ByteReader`, `byteAt(buf, i, field)` (checked index; throws the decode error),
 *             `checkByte`, `u16le`, `u32le`.
 *
 * ## Datagram level
 * - `rmcp.ts`      `encodeRmcp(msgClass, body, seq?)`, `decodeRmcp(buf) → { header: {version, seq, msgClass}, body }`,
 *                  `RMCP_CLASS` { ASF: 0x06, IPMI: 0x07 }, `RMCP_PORT` 623.
 * - `asf.ts`       presence ping/pong (§13.2.3): `encodeAsfPing(tag)`, `encodeAsfPong(tag, pong?)`,
 *                  `decodeAsf(buf)` (whole datagram) → `AsfMessage` { type: 'ping'|'pong', tag, ... }.
 * - `session15.ts` IPMI 1.5 session wrapper: `encodeSession15({ authType, seq, sessionId, authCode?, payload })`
 *                  → whole datagram; `decodeSession15(buf) → Session15Packet`; `md5AuthCode(...)`.
 * - `rmcpplus.ts`  IPMI 2.0 wrapper (§13.6) with integrity and AES-CBC-128 confidentiality:
 *                  `encodeRmcpPlus({ payloadType, sessionId, seq, payload }, crypto?, iv?)` → whole datagram;
 *                  `peekRmcpPlus(buf) → RmcpPlusHeader` (session ID + payload type, unverified; the BMC uses
 *                  it to find the session's keys); `decodeRmcpPlus(buf, crypto?) → RmcpPlusPacket`
 *                  (verifies the AuthCode, decrypts; plaintext `payload`).
 *                  `crypto: SessionCrypto = { integrity: IntegrityAlg, k1, confidentiality: ConfAlg, k2 }`,
 *                  omitted/undefined for the unauthenticated session-setup payloads.
 *                  `PAYLOAD_TYPE` { IPMI 0x00, SOL 0x01, OEM 0x02, OPEN_SESSION_REQUEST 0x10, OPEN_SESSION_RESPONSE 0x11,
 *                  RAKP1 0x12 … RAKP4 0x15 }.
 * - `packet.ts`    `classifyDatagram(buf) → Decoded<{ kind: 'asf' } | { kind: 'ipmi15', authType } |
 *                  { kind: 'rmcpplus', payloadType, sessionId }>` to route an inbound datagram.
 *
 * ## Session setup payloads (the plaintext `payload` of an RMCP+ packet)
 * - `open-session.ts` `encodeOpenSessionRequest/decodeOpenSessionRequest` (`OpenSessionRequest`
 *                  { tag, maxPrivilege, consoleSessionId, auth, integrity, confidentiality } — algorithm numbers),
 *                  `encodeOpenSessionResponse/decodeOpenSessionResponse` (`OpenSessionResponse` { tag, status,
 *                  maxPrivilege, consoleSessionId, managedSessionId, auth, integrity, confidentiality }; on a
 *                  non-zero status the algorithms/managed ID are absent (0) and the encoder writes the short form).
 * - `rakp.ts`      `encodeRakp1/decodeRakp1` { tag, managedSessionId, consoleRandom(16), role, username },
 *                  `encodeRakp2/decodeRakp2` { tag, status, consoleSessionId, managedRandom(16), managedGuid(16), authCode },
 *                  `encodeRakp3/decodeRakp3` { tag, status, managedSessionId, authCode },
 *                  `encodeRakp4/decodeRakp4` { tag, status, consoleSessionId, icv }.
 *                  `role` is the exact RAKP1 byte (privilege | 0x10 name-only lookup); it is hashed as sent;
 *                  `rolePrivilege(role)` is its privilege level. Privilege levels: `PRIVILEGE` (commands/spec.ts).
 * - `rakp-status.ts` `RAKP_STATUS` names (Table 13-15), `rakpStatusName(code)`.
 * - `keys.ts`      (m = remote console, c = managed system/BMC, all SIDs as 4 LE bytes)
 *                  `rakp2AuthCode(p)`, `rakp3AuthCode(p)`, `deriveSik(p)`, `deriveK(sik, auth, n)`,
 *                  `deriveSessionCrypto(suite, sik) → SessionCrypto`, `rakp4Icv(p)`; `p` fields: auth (AuthAlg
 *                  number), kuid (password bytes), kg?, consoleSessionId, managedSessionId, consoleRandom,
 *                  managedRandom, managedGuid, role, username.
 * - `cipher-suites.ts` `CIPHER_SUITES` { 0,1,2,3,15,16,17 → { auth, integrity, confidentiality } } with
 *                  `AUTH_ALG` { NONE 0, HMAC_SHA1 1, HMAC_MD5 2, HMAC_SHA256 3 },
 *                  `INTEGRITY_ALG` { NONE 0, HMAC_SHA1_96 1, HMAC_MD5_128 2, MD5_128 3, HMAC_SHA256_128 4 },
 *                  `CONF_ALG` { NONE 0, AES_CBC_128 1, XRC4_128 2, XRC4_40 3 }, `suiteFor(auth, integ, conf)`,
 *                  `isImplemented(suite)`.
 *
 * ## IPMI messages (§13.8) and commands
 * - `message.ts`   `encodeIpmiRequest/decodeIpmiRequest` (`IpmiRequest` { rsAddr, netFn, rsLun, rqAddr, rqSeq,
 *                  rqLun, cmd, data }), `encodeIpmiResponse/decodeIpmiResponse` (`IpmiResponse` { rqAddr, netFn
 *                  (the odd response netFn), rqLun, rsAddr, rqSeq, rsLun, cmd, completionCode, data }),
 *                  `ipmiChecksum(bytes)`, `BMC_ADDR` 0x20, `CONSOLE_SWID` 0x81, `NETFN` { CHASSIS 0x00, SENSOR 0x04,
 *                  APP 0x06, STORAGE 0x0A, TRANSPORT 0x0C }. Checksums are verified on decode.
 * - `completion-codes.ts` `CC` names, `completionCodeName(code)`.
 * - `commands/*.ts` one file per command group. Each command is a `CommandSpec` { name, netFn, cmd } plus
 *                  `encodeXRequest(fields) → data`, `decodeXRequest(data) → Decoded`, `encodeXResponse(fields) → data`
 *                  and `decodeXResponse(data) → Decoded` over the *data* bytes only (request data after cmd;
 *                  response data after the completion code). Files: device-id.ts (Get Device ID),
 *                  channel-auth.ts (Get Channel Authentication Capabilities), session-commands.ts (Set Session
 *                  Privilege Level, Close Session, Get Session Challenge, Activate Session), chassis.ts (Get Chassis
 *                  Status, Chassis Control: `CHASSIS_ACTIONS` by code, `ChassisAction`, the console verbs
 *                  `CHASSIS_ACTION_BY_NAME`), boot-options.ts (Get/Set System Boot Options, `BOOT_PARAM`,
 *                  `BOOT_PARAM_VERSION`, boot flags param 5 with `BOOT_DEVICE_CODE` and `bootFlagsFor`),
 *                  sel-commands.ts (Get SEL Info, Reserve SEL, Get SEL Entry, Clear SEL; the record-read
 *                  request/response shared with Get SDR, `REPOSITORY_VERSION`, `LAST_RECORD_ID`), sdr-commands.ts (Get SDR
 *                  Repository Info, Reserve SDR Repository, Get SDR), sensor-reading.ts (Get Sensor Reading).
 * - `sel.ts`, `sdr.ts` — SEL record and SDR record encode/decode (`encodeSelRecord/decodeSelRecord`,
 *                  `encodeSdrRecord/decodeSdrRecord`, `rawToValue`), owned by the IPMI-server engineer.
 */
export * from './errors.ts';
export * from './bytes.ts';
export * from './rmcp.ts';
export * from './asf.ts';
export * from './session15.ts';
export * from './rmcpplus.ts';
export * from './packet.ts';
export * from './open-session.ts';
export * from './rakp.ts';
export * from './rakp-status.ts';
export * from './keys.ts';
export * from './cipher-suites.ts';
export * from './message.ts';
export * from './completion-codes.ts';
export * from './commands/index.ts';
export * from './sel.ts';
export * from './sdr.ts';
