/**
 * @sieve-toolkit/managesieve: not implemented yet (see the project issues). Nothing is exported.
 *
 * @module
 */
export {};
