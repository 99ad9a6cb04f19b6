import { hash, verify } from "@node-rs/argon2";

export const hashPassword = (plain: string) => hash(plain);

// Verifying against a fixed hash when the email is unknown keeps timing uniform.
const DUMMY_HASH = "$argon2id$v=19$m=19456,t=2,p=1$Rv9TkwFBxEhskRqD2UGIgg$fkDcfG05N8qsJgWqxerxgURNU12hFfE0CH65M8GWNN0";

export const verifyPassword = (storedHash: string | undefined, plain: string) =>
  verify(storedHash ?? DUMMY_HASH, plain).catch(() => false);
