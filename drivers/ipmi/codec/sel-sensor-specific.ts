/**
 * Sensor-specific event offsets (event type 6Fh, IPMI v2.0 §42.2, Table 42-3) for the sensor types
 * a BMC logs about itself and the platform (security, power unit, firmware progress, event logging,
 * system events, buttons, boot, watchdog, battery, session audit, version change), by offset.
 * Reserved offsets are holes (undefined): they read as "Offset 0Xh".
 */
export const PLATFORM_SENSOR_OFFSETS: Readonly<Record<number, ReadonlyArray<string | undefined>>> = {
  0x05: ['General Chassis intrusion', 'Drive Bay intrusion', 'I/O Card area intrusion', 'Processor area intrusion', 'LAN Leash Lost', 'Unauthorized dock', 'FAN area intrusion'],
  0x06: [
    'Secure Mode Violation attempt',
    'Pre-boot Password Violation - user password',
    'Pre-boot Password Violation attempt - setup password',
    'Pre-boot Password Violation - network boot password',
    'Other pre-boot Password Violation',
    'Out-of-band Access Password Violation',
  ],
  0x09: ['Power Off / Power Down', 'Power Cycle', '240VA Power Down', 'Interlock Power Down', 'AC lost / Power input lost', 'Soft Power Control Failure', 'Power Unit Failure detected', 'Predictive Failure'],
  0x0d: ['Drive Presence', 'Drive Fault', 'Predictive Failure', 'Hot Spare', 'Consistency Check / Parity Check in progress', 'In Critical Array', 'In Failed Array', 'Rebuild/Remap in progress', 'Rebuild/Remap Aborted'],
  0x0f: ['System Firmware Error (POST Error)', 'System Firmware Hang', 'System Firmware Progress'],
  0x10: ['Correctable memory error logging disabled', 'Event type logging disabled', 'Log area reset/cleared', 'All event logging disabled', 'Log full', 'Log almost full', 'Correctable machine check error logging disabled'],
  0x11: [
    'BIOS Watchdog Reset',
    'OS Watchdog Reset',
    'OS Watchdog Shut Down',
    'OS Watchdog Power Down',
    'OS Watchdog Power Cycle',
    'OS Watchdog NMI / Diagnostic Interrupt',
    'OS Watchdog Expired, status only',
    'OS Watchdog pre-timeout Interrupt, non-NMI',
  ],
  0x12: ['System Reconfigured', 'OEM System boot event', 'Undetermined system hardware failure', 'Entry added to auxiliary log', 'PEF Action', 'Timestamp Clock Sync'],
  0x14: ['Power Button pressed', 'Sleep Button pressed', 'Reset Button pressed', 'FRU latch open', 'FRU service request button'],
  0x1d: [
    'Initiated by power up',
    'Initiated by hard reset',
    'Initiated by warm reset',
    'User requested PXE boot',
    'Automatic boot to diagnostic',
    'OS initiated hard reset',
    'OS initiated warm reset',
    'System Restart',
  ],
  0x1e: ['No bootable media', 'Non-bootable disk in drive', 'PXE server not found', 'Invalid boot sector', 'Timeout waiting for selection'],
  0x1f: ['A: boot completed', 'C: boot completed', 'PXE boot completed', 'Diagnostic boot completed', 'CD-ROM boot completed', 'ROM boot completed', 'boot completed - device not specified'],
  0x23: ['Timer expired', 'Hard reset', 'Power down', 'Power cycle', undefined, undefined, undefined, undefined, 'Timer interrupt'],
  0x29: ['Low', 'Failed', 'Presence Detected'],
  0x2a: ['Session Activated', 'Session Deactivated', 'Invalid Username or Password', 'Invalid password disable'],
  0x2b: [
    'Hardware change detected',
    'Firmware or software change detected',
    'Hardware incompatibility detected',
    'Firmware or software incompatibility detected',
    'Invalid or unsupported hardware version',
    'Invalid or unsupported firmware or software version',
    'Hardware change successful',
    'Firmware or software change successful',
  ],
};
