// placeholder: the brushing texture lands here
