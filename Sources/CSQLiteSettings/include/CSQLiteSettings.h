#ifndef CSQLITESETTINGS_H
#define CSQLITESETTINGS_H

/// Turns SQLite's query planner stability guarantee on or off for one connection of the SQLite that SQLiteNIO links
/// (its functions carry the prefix `sqlite_nio_`). Swift cannot call `sqlite3_db_config`, a variadic C function.
/// Returns SQLite's result code.
int hdnd_sqlite_set_stable_plans(void *connection, int on);

#endif
