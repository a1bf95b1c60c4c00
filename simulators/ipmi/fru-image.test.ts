import test from 'ava';
import { ConfigError } from '../../lib/errors.ts';
import { CHASSIS_RACK_MOUNT, encodeFruImage, type FruInfo } from './fru-image.ts';

const INFO: FruInfo = {
  chassis: { type: CHASSIS_RACK_MOUNT, partNumber: 'P', serialNumber: 'S-1' },
  board: { manufacturer: 'ftlab', productName: 'Board', serialNumber: 'B-1', partNumber: 'BP', manufactured: new Date(Date.UTC(1996, 0, 1, 0, 2)) },
  product: { manufacturer: 'ftlab', name: 'Server', partNumber: 'PP', version: '1.0', serialNumber: 'PS', assetTag: '' },
};

const sum = (b: Buffer) => b.reduce((a, x) => (a + x) & 0xff, 0);

test('common header and every area are 8-byte multiples that checksum to zero, at the offsets the header names', (t) => {
  const img = encodeFruImage(INFO);
  const header = img.subarray(0, 8);
  t.is(sum(header), 0);
  t.deepEqual([...header.subarray(0, 3)], [1, 0, 1], 'version 1, no internal use area, chassis at 8');
  const areas = [header[2], header[3], header[4]].map((o) => (o ?? 0) * 8);
  for (const start of areas) {
    const len = (img[start + 1] ?? 0) * 8;
    t.is(img[start], 1, 'area format version');
    t.is(sum(img.subarray(start, start + len)), 0, `area at ${start} checksums to zero`);
  }
  const product = areas[2] ?? 0;
  t.is(product + (img[product + 1] ?? 0) * 8, img.length, 'the product area ends the image');
  // Chassis: type, then "P" padded to "P " (a 1-byte field would read as the C1h end marker).
  t.deepEqual([...img.subarray(10, 14)], [CHASSIS_RACK_MOUNT, 0xc2, 0x50, 0x20]);
  const board = areas[1] ?? 0;
  t.deepEqual([...img.subarray(board + 3, board + 6)], [2, 0, 0], 'manufactured 2 minutes after 1996-01-01');
});

test('a field that is not printable ASCII of at most 63 characters is a ConfigError naming it', (t) => {
  t.throws(() => encodeFruImage({ ...INFO, product: { ...INFO.product, name: 'x'.repeat(64) } }), { instanceOf: ConfigError, message: /FRU product name/ });
  t.throws(() => encodeFruImage({ ...INFO, board: { ...INFO.board, manufacturer: 'é' } }), { instanceOf: ConfigError, message: /FRU board manufacturer/ });
});
