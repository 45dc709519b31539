import { describe, expect, it } from "vitest";
import { AppError } from "./errors.js";
import { answersFor, readableInputs } from "./many.js";

describe("answersFor", () => {
  it("answers each item made or refused, in order, and refuses with every issue at once", () => {
    const answers = answersFor<string>(3);
    answers.made(2, "third");
    expect(answers.attempt(0, () => "checked")).toBe("checked");
    answers.made(0, "first");
    const issues = [
      { field: "title", message: "is required", reason: "required" },
      { field: "kind", message: "is unknown", reason: "unknownChoice" },
    ];
    expect(answers.passes(1, issues)).toBe(false);
    expect(answers.passes(0, [])).toBe(true);
    const [first, second, third] = answers.all();
    expect(first?.row).toBe("first");
    expect(third?.row).toBe("third");
    expect(second?.error?.code).toBe("validation");
    expect(second?.error?.issues).toEqual(issues);
  });

  it("keeps a check's refusal as the item's answer, and lets any other fault through", () => {
    const answers = answersFor<string>(1);
    expect(
      answers.attempt(0, () => {
        throw new AppError("not_found", "Meeting x was not found");
      }),
    ).toBeUndefined();
    expect(answers.all()[0]?.error?.code).toBe("not_found");
    expect(() =>
      answersFor<string>(1).attempt(0, () => {
        throw new TypeError("a fault, not a refusal");
      }),
    ).toThrow(TypeError);
  });

  it("will not answer until every item has one", () => {
    const answers = answersFor<string>(2);
    answers.made(0, "only");
    expect(() => answers.all()).toThrow("item 1 was neither made nor refused");
  });
});

describe("readableInputs", () => {
  it("answers an item of an unreadable agreement with that refusal before reading its input, and one whose input fails with its own", async () => {
    const answers = answersFor<string>(3);
    const asked: string[][] = [];
    const inputs = await readableInputs(
      answers,
      [
        { agreementId: "open", input: "7" },
        { agreementId: "closed", input: "not read" },
        { agreementId: "open", input: "x" },
      ],
      {
        unreadable: async (agreementIds) => {
          asked.push(agreementIds);
          return new Map([["closed", new AppError("not_found", "Agreement closed was not found")]]);
        },
        parse: (input) => {
          if (!/^[0-9]+$/.test(input)) throw new AppError("validation", "not a number");
          return Number(input);
        },
      },
    );
    // Each agreement asked about once, all in one call.
    expect(asked).toEqual([["open", "closed"]]);
    expect(inputs).toEqual([{ index: 0, agreementId: "open", data: 7 }]);
    answers.made(0, "made");
    expect(answers.all().map((answer) => answer.error?.code ?? answer.row)).toEqual([
      "made",
      "not_found",
      "validation",
    ]);
  });
});
