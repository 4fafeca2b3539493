"""Reads for council staff on the DPS: the accreditation queue and the review screen
(`accreditation`, `deadlines`), the provider directory (`directory`) and the dashboard
(`dashboard`). Callers import from the module that holds what they read.

Scoped first (`for_user`), then to the actor's consortium (its DPSs, their lots and
applications: `common.in_consortium`), with the joins each page needs so that its query count
does not grow with rows. Fetching one row by public id is providers.access's.
"""
