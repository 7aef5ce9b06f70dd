import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';

/** A self-signed certificate for 127.0.0.1 made with the openssl CLI (files in `dir`, removed after). */
export async function makeCertificate(dir: string): Promise<{ key: Buffer; cert: Buffer }> {
  const keyFile = path.join(dir, `key-${randomUUID()}.pem`);
  const certFile = path.join(dir, `cert-${randomUUID()}.pem`);
  const args = ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', keyFile, '-out', certFile];
  await promisify(execFile)('openssl', [...args, '-days', '1', '-subj', '/CN=127.0.0.1']);
  const result = { key: await fs.readFile(keyFile), cert: await fs.readFile(certFile) };
  await fs.rm(keyFile, { force: true });
  await fs.rm(certFile, { force: true });
  return result;
}
