/**
 * Every route declares who may call it. The guard refuses a route without a policy; this test
 * walks Nest's route table so a new route without one fails here before it ships.
 */
import { PATH_METADATA, METHOD_METADATA } from '@nestjs/common/constants';
import { ModulesContainer } from '@nestjs/core';
import { ACCESS_KEY } from '../apps/api/src/common/access';
import { startApp, type TestApp } from './support/app';

let app: TestApp;
beforeAll(async () => {
  app = await startApp();
});
afterAll(async () => {
  await app?.close();
});

it('has an explicit access policy on every route', () => {
  const missing: string[] = [];
  let routes = 0;
  for (const mod of app.get(ModulesContainer).values()) {
    for (const wrapper of mod.controllers.values()) {
      const cls = wrapper.metatype as (new (...a: never[]) => unknown) | null;
      if (!cls) continue;
      const proto = cls.prototype as Record<string, unknown>;
      for (const name of Object.getOwnPropertyNames(proto)) {
        const handler = proto[name];
        if (name === 'constructor' || typeof handler !== 'function') continue;
        if (Reflect.getMetadata(METHOD_METADATA, handler) === undefined) continue;
        routes++;
        const policy = Reflect.getMetadata(ACCESS_KEY, handler) ?? Reflect.getMetadata(ACCESS_KEY, cls);
        if (!policy) missing.push(`${cls.name}.${name} (${Reflect.getMetadata(PATH_METADATA, handler)})`);
      }
    }
  }
  expect(routes).toBeGreaterThan(20);
  expect(missing).toEqual([]);
});
