/** Every capability name, for the `use:` mapping. */
export { CAPABILITY_NAMES } from '../../drivers/capabilities/names.ts';
