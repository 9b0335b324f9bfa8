import { HttpException } from '@nestjs/common';
import { pickLocale, translatorFor, type FieldError, type Locale, type Problem } from '@wala/contract';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from './errors';
import type { AuthContext } from './auth-context';

const STATUS_CODES: Record<number, string> = {
  400: 'errors.bad_request',
  401: 'errors.unauthenticated',
  403: 'errors.forbidden',
  404: 'errors.not_found',
  405: 'errors.not_found',
  409: 'errors.conflict',
  413: 'errors.payload_too_large',
  415: 'errors.unsupported_media_type',
  429: 'errors.rate_limited',
  503: 'errors.unavailable',
};

/** PostgreSQL / driver failures that mean "the database is away", answered with 503. */
const UNAVAILABLE_PG_CODES = new Set(['57P01', '57P02', '57P03', '08000', '08003', '08006', '08001', '08004', '53300']);
export function isDatabaseUnavailable(e: unknown): boolean {
  const err = e as { code?: string; message?: string; driverError?: unknown };
  if (err?.driverError) return isDatabaseUnavailable(err.driverError);
  if (!err) return false;
  if (err.code && (UNAVAILABLE_PG_CODES.has(err.code) || ['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ENOENT'].includes(err.code)))
    return true;
  const m = err.message ?? '';
  // a transaction whose connection died under it: TypeORM has released its query runner
  // (or, when the connection died as the transaction began, the runner it was starting on)
  if (['QueryRunnerProviderAlreadyReleasedError', 'QueryRunnerAlreadyReleasedError'].includes((err as { name?: string }).name ?? '')) return true;
  return /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|query runner was already released|Query runner already released/i.test(m);
}

export function requestLocale(req: FastifyRequest): Locale {
  const auth = (req as FastifyRequest & { auth?: AuthContext }).auth;
  return auth?.user.locale ?? pickLocale(req.headers['accept-language']);
}

/** Builds the problem document for any error; logs unexpected ones with the request id. */
export function toProblem(req: FastifyRequest, error: unknown): { problem: Problem; headers: Record<string, string> } {
  const t = translatorFor(requestLocale(req));
  const requestId = String(req.id);
  let status = 500;
  let code = 'errors.internal';
  let params: Record<string, unknown> = {};
  let headers: Record<string, string> = {};
  let errors: FieldError[] | undefined;

  if (error instanceof AppError) {
    status = error.status;
    code = error.code;
    params = error.params;
    headers = error.headers;
    if (error.fieldProblems) {
      errors = error.fieldProblems.map((p) => {
        const field = t(`fields.${p.field}`, { defaultValue: p.field });
        return {
          field: p.field,
          code: p.code,
          message: t(`validation.${p.code}`, { ...p.params, field, defaultValue: t('validation.default', { field }) }),
        };
      });
    }
  } else if (error instanceof HttpException) {
    status = error.getStatus();
    code = STATUS_CODES[status] ?? (status < 500 ? 'errors.bad_request' : 'errors.internal');
  } else if (isDatabaseUnavailable(error)) {
    status = 503;
    code = 'errors.unavailable';
    headers = { 'retry-after': '5' };
    req.log.warn({ err: error }, 'database unavailable');
  } else if (typeof (error as { statusCode?: unknown })?.statusCode === 'number') {
    // errors raised by Fastify itself (body parser, content type, payload size, ...)
    const sc = (error as { statusCode: number }).statusCode;
    if (sc >= 400 && sc < 500) {
      status = sc;
      code = STATUS_CODES[sc] ?? 'errors.bad_request';
    }
  }
  if (status >= 500 && code === 'errors.internal') {
    req.log.error({ err: error }, 'unhandled error');
    params = { requestId };
  }
  const problem: Problem = {
    type: `https://wala.community/problems/${code.replace(/^errors\./, '').replace(/\./g, '/')}`,
    title: t(code, { ...params, defaultValue: t('errors.bad_request') }),
    status,
    code: code.replace(/^errors\./, ''),
    requestId,
  };
  if (errors) problem.errors = errors;
  return { problem, headers };
}

export function sendProblem(req: FastifyRequest, reply: FastifyReply, error: unknown): FastifyReply {
  const { problem, headers } = toProblem(req, error);
  for (const [k, v] of Object.entries(headers)) reply.header(k, v);
  return reply.status(problem.status).type('application/problem+json; charset=utf-8').send(JSON.stringify(problem));
}
