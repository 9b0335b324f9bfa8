export * from './api';
export * from './socket-events';
export * from './i18n';
export * from './loyalty';
