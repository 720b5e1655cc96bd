#include "CSQLiteSettings.h"

/* Declared here rather than through SQLiteNIO's header, which is not a product of its package; the symbol is linked
   from SQLiteNIO's copy of SQLite. 1007 is SQLITE_DBCONFIG_ENABLE_QPSG (sqlite3.h). */
int sqlite_nio_sqlite3_db_config(void *connection, int op, ...);

int hdnd_sqlite_set_stable_plans(void *connection, int on) {
    return sqlite_nio_sqlite3_db_config(connection, 1007, on, (int *)0);
}
