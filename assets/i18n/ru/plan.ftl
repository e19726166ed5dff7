# plan: Russian
