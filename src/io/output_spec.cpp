// placeholder: filled by the io work
