/**
 * npm run admin:create -- --email a@b.c --password '...' [--name 'Display name']
 * Creates an admin account, or makes an existing account an admin (and sets its password).
 */
import { isEmail } from 'class-validator';
import { referralCode } from '../common/crypto';
import { rows } from '../common/sql';
import { isAcceptablePassword, PasswordService } from '../identity/password.service';
import { parseArgs, runCli, UsageError, withMigratedDatabase } from './cli-common';

runCli(async () => {
  const args = parseArgs(process.argv.slice(2));
  const email = typeof args.email === 'string' ? args.email.trim().toLowerCase() : '';
  const password = typeof args.password === 'string' ? args.password : '';
  const name = typeof args.name === 'string' ? args.name : 'Admin';
  if (!isEmail(email)) throw new UsageError('usage: npm run admin:create -- --email admin@example.com --password "a long passphrase" [--name Name]');
  if (!isAcceptablePassword(password)) throw new UsageError('The password must be at least 10 characters and not a common one.');
  const hash = await new PasswordService().hash(password);
  await withMigratedDatabase(async (db) => {
    const [u] = await rows<{ id: number; created: boolean }>(
      db.dataSource,
      `INSERT INTO users (email, password_hash, display_name, role, referral_code, email_verified_at)
       VALUES ($1, $2, $3, 'admin', $4, now())
       ON CONFLICT (email) DO UPDATE SET role = 'admin', password_hash = EXCLUDED.password_hash, deleted_at = NULL
       RETURNING id, (xmax = 0) AS created`,
      [email, hash, name.slice(0, 60), referralCode()],
    );
    await db.dataSource.query(
      `INSERT INTO audit_log (actor_id, action, target_type, target_id, reason) VALUES (NULL, 'user.role', 'user', $1, 'admin:create (command line)')`,
      [u.id],
    );
    console.log(`${u.created ? 'Created' : 'Promoted'} admin ${email} (id ${u.id}).`);
  });
});
