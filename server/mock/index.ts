/** The mock Responses WebSocket endpoint (README.md beside this file). */
export { startMockServer, type RunningMock } from './mockServer.ts';
export { DEFAULT_TIMING, type MockOptions, type MockTiming } from './options.ts';
export { FAULT_SYNTAX, parseFault, type Fault } from './faults.ts';
