/**
 * An error the emulator answers with, in the shape the Databricks REST API uses:
 * `{"error_code": "...", "message": "..."}` with an HTTP status. Handlers throw it; the server renders it.
 */
export class ApiError extends Error {
  constructor(
    /** HTTP status, e.g. 404. */
    readonly status: number,
    /** Databricks error code, e.g. `RESOURCE_DOES_NOT_EXIST`. */
    readonly errorCode: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** The JSON body of the error response. */
  toBody(): { error_code: string; message: string } {
    return { error_code: this.errorCode, message: this.message };
  }
}

/** 404 RESOURCE_DOES_NOT_EXIST: the provider reads this as "gone" and drops the resource from state. */
export function notFound(message: string): ApiError {
  return new ApiError(404, 'RESOURCE_DOES_NOT_EXIST', message);
}

/** 400 INVALID_PARAMETER_VALUE: a missing or malformed request field. */
export function invalidParameter(message: string): ApiError {
  return new ApiError(400, 'INVALID_PARAMETER_VALUE', message);
}

/** 400 RESOURCE_ALREADY_EXISTS: a name or path that must be unique is taken. */
export function alreadyExists(message: string): ApiError {
  return new ApiError(400, 'RESOURCE_ALREADY_EXISTS', message);
}

/** 400 INVALID_STATE: the object is in a state that does not allow the operation. */
export function invalidState(message: string): ApiError {
  return new ApiError(400, 'INVALID_STATE', message);
}
