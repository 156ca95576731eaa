#!/bin/sh
# Stand-in for Prisma's native schema engine, which cannot be downloaded on an offline machine.
echo "The native Prisma schema engine is not available here. Use 'npm run db:migrate' to apply migrations and 'npm run db:migration:new NAME' to author one." >&2
exit 1
