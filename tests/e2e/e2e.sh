#!/usr/bin/env bash
echo "e2e placeholder"
