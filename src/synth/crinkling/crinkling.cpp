// placeholder: the crinkling texture lands here
