"""Public consultations of draft acts: rule sets, drafts, comments, answers, reports."""
