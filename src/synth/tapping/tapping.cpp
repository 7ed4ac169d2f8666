// placeholder: the tapping texture lands here
