/** RMCP+ and RAKP message status codes (§13.24, Table 13-15), carried in Open Session Response and RAKP 2/4. */
export const RAKP_STATUS = {
  NO_ERRORS: 0x00,
  INSUFFICIENT_RESOURCES: 0x01,
  INVALID_SESSION_ID: 0x02,
  INVALID_PAYLOAD_TYPE: 0x03,
  INVALID_AUTH_ALGORITHM: 0x04,
  INVALID_INTEGRITY_ALGORITHM: 0x05,
  NO_MATCHING_AUTH_PAYLOAD: 0x06,
  NO_MATCHING_INTEGRITY_PAYLOAD: 0x07,
  INACTIVE_SESSION_ID: 0x08,
  INVALID_ROLE: 0x09,
  UNAUTHORIZED_ROLE: 0x0a,
  INSUFFICIENT_RESOURCES_FOR_ROLE: 0x0b,
  INVALID_NAME_LENGTH: 0x0c,
  UNAUTHORIZED_NAME: 0x0d,
  UNAUTHORIZED_GUID: 0x0e,
  INVALID_INTEGRITY_CHECK_VALUE: 0x0f,
  INVALID_CONFIDENTIALITY_ALGORITHM: 0x10,
  NO_CIPHER_SUITE_MATCH: 0x11,
  ILLEGAL_PARAMETER: 0x12,
} as const;

const NAMES: readonly string[] = [
  'no errors',
  'insufficient resources to create a session',
  'invalid session ID',
  'invalid payload type',
  'invalid authentication algorithm',
  'invalid integrity algorithm',
  'no matching authentication payload',
  'no matching integrity payload',
  'inactive session ID',
  'invalid role',
  'unauthorized role or privilege level requested',
  'insufficient resources to create a session at the requested role',
  'invalid name length',
  'unauthorized name',
  'unauthorized GUID',
  'invalid integrity check value',
  'invalid confidentiality algorithm',
  'no cipher suite match with proposed security algorithms',
  'illegal or unrecognized parameter',
];

export function rakpStatusName(code: number): string {
  return NAMES[code] ?? 'reserved status code';
}
