export function prismaEngineEnv(): Record<string, string>;
