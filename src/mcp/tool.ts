import type { z } from 'zod';

/**
 * One read-only tool of shai's MCP server: its name, what it does, its input as a zod object (the MCP input
 * schema is generated from it by the SDK) and how it answers. Tools return text, usually JSON.
 */
export interface ToolDef<S extends z.ZodObject = z.ZodObject> {
  name: string;
  title: string;
  description: string;
  input: S;
  run(input: z.infer<S>): Promise<ToolAnswer>;
}

/** A tool's answer: its text, and whether it reports a failure the caller should see as an error. */
export interface ToolAnswer {
  text: string;
  isError?: boolean;
}

/** A tool with its input type checked where it is written, stored without it. */
export function tool<S extends z.ZodObject>(def: ToolDef<S>): ToolDef {
  return def as unknown as ToolDef;
}
