/** IPMI completion codes (§5.2, Table 5-2). 0x00 is success. */
export const CC = {
  OK: 0x00,
  NODE_BUSY: 0xc0,
  INVALID_COMMAND: 0xc1,
  INVALID_FOR_LUN: 0xc2,
  TIMEOUT: 0xc3,
  OUT_OF_SPACE: 0xc4,
  RESERVATION_CANCELLED: 0xc5,
  DATA_TRUNCATED: 0xc6,
  DATA_LENGTH_INVALID: 0xc7,
  DATA_LENGTH_EXCEEDED: 0xc8,
  PARAMETER_OUT_OF_RANGE: 0xc9,
  CANNOT_RETURN_BYTES: 0xca,
  NOT_PRESENT: 0xcb,
  INVALID_DATA_FIELD: 0xcc,
  ILLEGAL_FOR_SENSOR: 0xcd,
  RESPONSE_UNAVAILABLE: 0xce,
  DUPLICATE_REQUEST: 0xcf,
  SDR_UPDATE_MODE: 0xd0,
  FIRMWARE_UPDATE_MODE: 0xd1,
  INITIALIZATION_IN_PROGRESS: 0xd2,
  DESTINATION_UNAVAILABLE: 0xd3,
  INSUFFICIENT_PRIVILEGE: 0xd4,
  NOT_SUPPORTED_IN_STATE: 0xd5,
  SUBFUNCTION_DISABLED: 0xd6,
  UNSPECIFIED: 0xff,
} as const;

const NAMES: Record<number, string> = {
  0x00: 'Command completed normally',
  0xc0: 'Node busy',
  0xc1: 'Invalid command',
  0xc2: 'Command invalid for given LUN',
  0xc3: 'Timeout while processing command',
  0xc4: 'Out of space',
  0xc5: 'Reservation canceled or invalid reservation ID',
  0xc6: 'Request data truncated',
  0xc7: 'Request data length invalid',
  0xc8: 'Request data field length limit exceeded',
  0xc9: 'Parameter out of range',
  0xca: 'Cannot return number of requested data bytes',
  0xcb: 'Requested sensor, data, or record not present',
  0xcc: 'Invalid data field in request',
  0xcd: 'Command illegal for specified sensor or record type',
  0xce: 'Command response could not be provided',
  0xcf: 'Cannot execute duplicated request',
  0xd0: 'SDR repository in update mode',
  0xd1: 'Device in firmware update mode',
  0xd2: 'BMC initialization in progress',
  0xd3: 'Destination unavailable',
  0xd4: 'Insufficient privilege level',
  0xd5: 'Command not supported in present state',
  0xd6: 'Command sub-function disabled or unavailable',
  0xff: 'Unspecified error',
};

/** Human name of a completion code; device-specific (0x01–0x7E) and command-specific (0x80–0xBE) ranges are labelled as such. */
export function completionCodeName(code: number): string {
  const known = NAMES[code];
  if (known) return known;
  if (code >= 0x01 && code <= 0x7e) return 'Device-specific (OEM) completion code';
  if (code >= 0x80 && code <= 0xbe) return 'Command-specific completion code';
  return 'Reserved completion code';
}
