// Password hashing with bcrypt (bcryptjs: maintained, no native build step).
import "server-only";
import bcrypt from "bcryptjs";

const cost = () => {
  const c = Number(process.env.MODELREG_BCRYPT_COST);
  return Number.isInteger(c) && c >= 4 && c <= 15 ? c : 11;
};

export const hashPassword = (password: string) => bcrypt.hash(password, cost());
export const verifyPassword = (password: string, hash: string) => bcrypt.compare(password, hash);

/** Compared against when the account does not exist, so a miss costs as much as a wrong password. */
export const DUMMY_HASH = "$2b$11$C6UzMDM.H6dfI/f/IKxGhu0XcUC6CNtnzEyKD6bWTbq4pm9lGhXhW";
