/**
 * Who performs an operation. The workspace issue adds signed-in users and their roles;
 * for now the actors are the anonymous public, the command line and the system itself
 * (first start, reference data).
 */
export type Role = "anonymous" | "system" | "admin" | "secretariat" | "viewer";

export interface Actor {
  id: string;
  role: Role;
}

export const anonymous: Actor = { id: "anonymous", role: "anonymous" };
export const systemActor: Actor = { id: "system", role: "system" };
export const cliActor = (command: string): Actor => ({ id: `cli:${command}`, role: "system" });
