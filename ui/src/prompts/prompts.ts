// The prompts of the day: one a day, the same all day, in a fixed order through the year.

export const PROMPTS: readonly string[] = [
  "What made you smile today?",
  "What is taking up most of your thoughts right now?",
  "Describe the room you are sitting in as if to someone who has never seen it.",
  "What did you learn this week, about anything at all?",
  "Which conversation from the last few days would you like to have again?",
  "What are you looking forward to, and why?",
  "Write about a small thing that went well.",
  "What would you tell yourself a year ago?",
  "Who have you been thinking about lately?",
  "What is something you keep putting off? What is in the way?",
  "Describe today's weather and how it matched your mood.",
  "What did you eat today that you enjoyed?",
  "Where did your attention go today?",
  "What are you grateful for this morning?",
  "What is one thing you want to remember about this day?",
  "What surprised you recently?",
  "What would make tomorrow a good day?",
  "Write about a place where you feel at ease.",
  "What have you been reading, watching or listening to?",
  "What is a question you have no answer to yet?",
  "Describe a moment today when you felt tired, and what you did about it.",
  "What did you do today only for yourself?",
  "Which habit would you like to start, or stop?",
  "Write a letter you will not send.",
  "What did someone do for you recently that you appreciated?",
  "What are you worried about, and what part of it can you change?",
  "What made today different from yesterday?",
  "Describe a sound, a smell or a taste from today.",
  "What is something you are proud of, however small?",
  "If this week had a title, what would it be?",
  "What did you notice on your way somewhere today?",
  "What do you need more of right now? Less of?",
  "Write about someone you miss.",
  "What did you change your mind about lately?",
  "Describe your ideal ordinary day.",
  "What have you been avoiding thinking about?",
  "What was the best part of your week so far?",
  "What is one kind thing you could do tomorrow?",
  "Which memory came back to you today, and why?",
  "What would you like to get better at this year?",
  "How did you rest today?",
  "Write down three things you saw today that you would normally not mention.",
];

/** The day of the year, 0 for the 1st of January, in local time. */
function dayOfYear(date: Date): number {
  const start = new Date(date.getFullYear(), 0, 1);
  return Math.round((new Date(date.getFullYear(), date.getMonth(), date.getDate()).getTime() - start.getTime()) / 86_400_000);
}

export function promptFor(date: Date): string {
  return PROMPTS[(dayOfYear(date) + date.getFullYear()) % PROMPTS.length]!;
}

/** `YYYY-MM-DD` of the local day: dismissing the prompt lasts until the next one. */
export function dayKey(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}
