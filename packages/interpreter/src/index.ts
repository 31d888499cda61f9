/**
 * @sieve-toolkit/interpreter: not implemented yet (see the project issues). Nothing is exported.
 *
 * @module
 */
export {};
