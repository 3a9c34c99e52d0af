"""Patients book their own appointments online at /p/<practice slug>/book, after proving with a one-time code
that they control the phone or email they give."""
