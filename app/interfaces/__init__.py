"""Typed data access for the core models. Only this layer queries or writes the session.

Functions take the LA first and filter by it; they flush but never commit (the request does).
"""
