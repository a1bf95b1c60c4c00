/**
 * SDR repository commands (Storage 0Ah, §33): Get SDR Repository Info 20h, Reserve SDR Repository 22h,
 * Get SDR 23h. Info/reservation/record-read framing is shared with the SEL commands.
 */
import type { Decoded } from '../bytes.ts';
import { decodeRepositoryInfo, encodeRepositoryInfo, type RepositoryInfo } from './sel-commands.ts';
import type { CommandSpec } from './spec.ts';

export const GET_SDR_REPOSITORY_INFO: CommandSpec = { name: 'Get SDR Repository Info', netFn: 0x0a, cmd: 0x20 };
export const RESERVE_SDR_REPOSITORY: CommandSpec = { name: 'Reserve SDR Repository', netFn: 0x0a, cmd: 0x22 };
export const GET_SDR: CommandSpec = { name: 'Get SDR', netFn: 0x0a, cmd: 0x23 };

export const encodeSdrRepositoryInfoResponse = encodeRepositoryInfo;
export function decodeSdrRepositoryInfoResponse(input: Uint8Array): Decoded<RepositoryInfo> {
  return decodeRepositoryInfo(input, 'Get SDR Repository Info response');
}
