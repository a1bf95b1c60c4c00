/** What an endpoint resolver gets: where the endpoint is (for errors) and how to read secrets. */
import type { PathSegment, YamlSource } from '../../config/yaml-file.ts';

export interface EndpointContext {
  src: YamlSource;
  /** Path of the endpoint's mapping, e.g. ['devices', 'ft0', 'redfish']. */
  at: PathSegment[];
  /** Directory of the inventory file (relative paths resolve against it). */
  baseDir: string;
  env: NodeJS.ProcessEnv;
}

/** Credentials as lab.yaml holds them: a user and a reference to the password. */
export interface RawCredentials {
  user: string;
  password?: string;
  passwordFile?: string;
}

export const SECRET_REF_SCHEMA = { $ref: '#/definitions/secretRef' } as const;
