export default async function globalTeardown(): Promise<void> {
  // each test file drops its own database; nothing shared is left to clean
}
