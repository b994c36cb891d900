// The password policy: common or guessable passwords and ones holding the username are refused.
import { describe, expect, it } from "vitest";
import { InvalidError } from "./errors";
import { assertPasswordPolicy, passwordProblem } from "./password-policy";

const ada = { username: "ada", email: "ada.lovelace@example.com", name: "Ada Lovelace" };

describe("passwordProblem", () => {
  it.each(["password1234", "qwerty123456", "letmein12345", "iloveyou2024", "1234567890", "aaaaaaaaaaaa", "abcdefghijkl"])(
    "refuses the common or guessable %j",
    (pw) => {
      expect(passwordProblem(pw, ada)).toMatch(/too common or too easy to guess/);
    },
  );

  it("refuses a password holding the username, in any case", () => {
    expect(passwordProblem("ADA-violet-lantern-77", ada)).toBe("must not contain your username");
    expect(passwordProblem("violet-grace-lantern-77", { username: "grace" })).toBe("must not contain your username");
  });

  it("counts the owner's name and email as guessable", () => {
    expect(passwordProblem("lovelace1815", ada)).not.toBeNull();
  });

  it.each(["violet-lantern-77", "correct-horse-battery", "maple-orbit-2931", "xK9#mQ2vLp-t"])("accepts %j", (pw) => {
    expect(passwordProblem(pw, ada)).toBeNull();
  });

  it("a one- or two-letter username does not forbid every password with those letters", () => {
    expect(passwordProblem("violet-lantern-77", { username: "vi" })).toBeNull();
  });

  it("assertPasswordPolicy throws a 400 naming the field", () => {
    const err = (() => {
      try {
        assertPasswordPolicy("password1234", ada, "newPassword");
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(InvalidError);
    expect(Object.keys((err as InvalidError).fieldErrors)).toEqual(["newPassword"]);
  });
});
