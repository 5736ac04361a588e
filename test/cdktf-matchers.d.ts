// Brings cdktf's jest matcher types (toHaveResource, toHaveResourceWithProperties, ...) into scope.
import 'cdktf/lib/testing/adapters/jest';
