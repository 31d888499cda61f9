/**
 * CAPABILITY (RFC 5804 §2.4).
 *
 * @module
 */
import { type Capabilities, parseCapabilities } from "../capabilities.ts";
import { compileCommand } from "../compiler.ts";
import { type CommandContext, expectOk, run } from "./run.ts";

/**
 * Asks the server for its capabilities.
 *
 * @throws ManageSieveError `MANAGESIEVE_E_NO`, `MANAGESIEVE_E_PROTOCOL` and those of {@link run}
 */
export async function capability(ctx: CommandContext): Promise<Capabilities> {
  const response = await run(ctx, compileCommand("CAPABILITY"), "CAPABILITY");
  expectOk(response, "CAPABILITY");
  return parseCapabilities(response.data);
}
