
func.fu"c @f›<?1?xmlir /--mdfx8