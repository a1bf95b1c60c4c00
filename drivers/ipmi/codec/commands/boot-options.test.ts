/** System boot options (§28.12, §28.13) and boot flags parameter 5 (Table 28-14) against hand-built bytes. */
import test from 'ava';
import {
  BOOT_PARAM,
  BOOT_PARAM_VERSION,
  bootFlagsFor,
  decodeBootFlags,
  decodeGetBootOptionsRequest,
  decodeGetBootOptionsResponse,
  decodeSetBootOptionsRequest,
  encodeBootFlags,
  encodeGetBootOptionsRequest,
  encodeGetBootOptionsResponse,
  encodeSetBootOptionsRequest,
} from './boot-options.ts';

// Byte 1: valid (80h), EFI (20h); byte 2: PXE (0001b << 2 = 04h); bytes 3–5 zero.
const PXE_ONCE_EFI = [0xa0, 0x04, 0x00, 0x00, 0x00];

test('boot flags: a console picking a device sends only byte 1 flags and the device bits', (t) => {
  const f = bootFlagsFor({ valid: true, persistent: false, efi: true, device: 'pxe' });
  t.deepEqual([...encodeBootFlags(f)], PXE_ONCE_EFI);
  t.deepEqual(decodeBootFlags(Buffer.from(PXE_ONCE_EFI)), { ok: true, value: f });
});

test('boot flags: every named device round-trips; an unnamed selector comes back as its number', (t) => {
  for (const device of ['none', 'pxe', 'disk', 'safe', 'diag', 'cdrom', 'bios', 'remote-floppy', 'remote-cdrom', 'remote-disk', 'floppy'] as const) {
    const f = bootFlagsFor({ valid: true, persistent: true, efi: false, device });
    t.deepEqual(decodeBootFlags(encodeBootFlags(f)), { ok: true, value: f }, device);
  }
  const raw = decodeBootFlags(Buffer.from([0x80, 0x09 << 2, 0, 0, 0]));
  t.true(raw.ok && raw.value.device === 0x09);
});

test('boot flags: fewer than 5 bytes is a decode error naming the missing byte', (t) => {
  const d = decodeBootFlags(Buffer.from([0x80, 0x04, 0x00]));
  t.false(d.ok);
  if (!d.ok) {
    t.is(d.error.where, 'boot flags (parameter 5)');
    t.regex(d.error.expectation, /byte 4/);
    t.is(d.error.offset, 3);
  }
});

test('Set System Boot Options request: parameter (bit 7 = invalid) then the data', (t) => {
  const data = encodeBootFlags(bootFlagsFor({ valid: true, persistent: false, efi: false, device: 'disk' }));
  const bytes = encodeSetBootOptionsRequest({ parameter: BOOT_PARAM.BOOT_FLAGS, invalid: false, data });
  t.deepEqual([...bytes], [0x05, 0x80, 0x08, 0, 0, 0]);
  const d = decodeSetBootOptionsRequest(bytes);
  t.true(d.ok && d.value.parameter === 5 && !d.value.invalid && d.value.data.equals(data));
  const empty = decodeSetBootOptionsRequest(Buffer.alloc(0));
  t.false(empty.ok);
  if (!empty.ok) t.regex(empty.error.expectation, /parameter/);
});

test('Get System Boot Options: request (parameter, set, block) and response (version, parameter, data)', (t) => {
  const req = encodeGetBootOptionsRequest({ parameter: BOOT_PARAM.BOOT_FLAGS, setSelector: 0, blockSelector: 0 });
  t.deepEqual([...req], [0x05, 0x00, 0x00]);
  t.deepEqual(decodeGetBootOptionsRequest(req), { ok: true, value: { parameter: 5, setSelector: 0, blockSelector: 0 } });
  const short = decodeGetBootOptionsRequest(Buffer.from([0x05]));
  t.false(short.ok);
  if (!short.ok) t.regex(short.error.expectation, /set selector/);

  const rsp = encodeGetBootOptionsResponse({ parameterVersion: BOOT_PARAM_VERSION, parameter: 5, invalid: false, data: Buffer.from(PXE_ONCE_EFI) });
  t.deepEqual([...rsp], [0x01, 0x05, ...PXE_ONCE_EFI]);
  const d = decodeGetBootOptionsResponse(rsp);
  t.true(d.ok && d.value.parameterVersion === 1 && d.value.parameter === 5 && d.value.data.equals(Buffer.from(PXE_ONCE_EFI)));
});
