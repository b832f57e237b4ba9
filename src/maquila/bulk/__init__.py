"""Whole catalogs: goods and BOM tables in, one determination per good out.

The legal logic is the single-good engine's (:func:`maquila.origin.determine`); this
package turns tables into its requests, runs them (in processes or on Spark) and turns
the determinations back into tables.
"""
