// placeholder: the rain texture lands here
