import { z } from 'zod';

/** An endpoint as written: `host`, `host:port` or `http(s)://host[:port]` (no path). */
export const ENDPOINT_PATTERN = /^(https?:\/\/)?([^\s/:@[\]]+|\[[0-9a-fA-F:.]+\])(:\d{1,5})?\/?$/;

/** The rule endpoints must follow, for error messages. */
export const ENDPOINT_RULE = 'must be host, host:port or http(s)://host[:port]';

/** Schema of one endpoint string. */
export const endpointSchema = z.string().regex(ENDPOINT_PATTERN, ENDPOINT_RULE);

/** `credentials` of a provider as a user writes it: exactly one of three forms. */
export const credentialsInputSchema = z
  .strictObject({
    fromEnv: z.literal(true).optional(),
    accessKeyId: z.string().min(1).optional(),
    secretAccessKey: z.string().min(1).optional(),
    sessionToken: z.string().min(1).optional(),
    file: z.string().min(1).optional(),
    profile: z.string().min(1).optional(),
  })
  .superRefine((value, context) => {
    const keys = value.accessKeyId !== undefined || value.secretAccessKey !== undefined;
    const forms = [value.fromEnv === true, keys, value.file !== undefined].filter(Boolean).length;
    const halfKeys = keys && (value.accessKeyId === undefined || value.secretAccessKey === undefined);
    const stray =
      (value.sessionToken !== undefined && !keys) ||
      (value.profile !== undefined && value.file === undefined);
    if (forms !== 1 || halfKeys || stray) {
      context.addIssue({
        code: 'custom',
        message:
          'credentials must be one of { fromEnv: true }, { accessKeyId, secretAccessKey, sessionToken? } or { file, profile? }',
      });
    }
  });

/** One entry of `storage.providers` as a user writes it (skiff.yaml or SKIFF_STORAGE_PROVIDERS). */
export const providerInputSchema = z.strictObject({
  scheme: z.enum(['s3', 'minio']),
  bucket: z.string().min(1).optional(),
  keyPrefix: z.string().optional(),
  endpoint: endpointSchema.optional(),
  secure: z.boolean().optional(),
  region: z.string().min(1).optional(),
  forcePathStyle: z.boolean().optional(),
  credentials: credentialsInputSchema.optional(),
});

/** A provider entry as written, after validation. */
export type ProviderInput = z.output<typeof providerInputSchema>;
