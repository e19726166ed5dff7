# plan: English
