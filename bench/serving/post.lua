-- wrk: POST the body in $WRK_BODY_FILE to the path in $WRK_PATH.
local f = assert(io.open(os.getenv("WRK_BODY_FILE"), "rb"))
wrk.method = "POST"
wrk.body = f:read("*a")
f:close()
wrk.path = os.getenv("WRK_PATH") or "/"
wrk.headers["Content-Type"] = "application/json"
